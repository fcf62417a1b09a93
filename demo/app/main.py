"""A small FastAPI-style service: the demo workspace's Python side.

Its routes are those of the demo API (`demo-api/` in the repository, started by
`bash scripts/demo.sh`), so the "Load test" CodeLens above each handler below finds the endpoint
in Metric Vault's Endpoints view and shows its last result.
"""
from fastapi import APIRouter, FastAPI

app = FastAPI(title="Demo Shop")
router = APIRouter(prefix="/items", tags=["items"])


@router.get("")
async def list_items(limit: int = 20, offset: int = 0, q: str | None = None):
    return []


@router.get("/{itemId}")
async def get_item(itemId: int):
    return {"id": itemId, "name": "기계식 키보드", "price": 45000}


@router.post("", status_code=201)
async def create_item(item: dict):
    return {"id": 4, **item}


@router.put("/{itemId}")
async def replace_item(itemId: int, item: dict):
    return {"id": itemId, **item}


@router.delete("/{itemId}", status_code=204)
async def delete_item(itemId: int):
    return None


@app.get("/greetings")
async def greet(name: str = "손님"):
    return {"message": f"안녕하세요, {name}님!", "lang": "ko"}


@app.get("/slow")
async def slow(delayMs: int = 800):
    return {"waitedMs": delayMs}


@app.get("/health")
async def health():
    return {"status": "ok"}


app.include_router(router)
