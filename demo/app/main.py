"""A small FastAPI-style service: the demo workspace's Python side.

Metric Vault shows a "Load test" CodeLens above each route handler below.
"""
from fastapi import APIRouter, FastAPI

app = FastAPI(title="Demo Shop")
router = APIRouter(prefix="/items", tags=["items"])


@router.get("")
async def list_items(limit: int = 20, q: str | None = None):
    return {"items": [], "limit": limit, "q": q}


@router.get("/{item_id}")
async def get_item(item_id: int):
    return {"id": item_id, "name": "키보드"}


@router.post("")
async def create_item(item: dict):
    return item


@app.get("/slow")
async def slow(delay_ms: int = 300):
    return {"delayed": delay_ms}


app.include_router(router)
