// NestJS monorepos: each app under apps/*/src keeps its own global prefix, and an app that sets
// none does not take another app's.
import { strict as assert } from 'node:assert';
import { projectRoutes as routes } from '../../support/routeProject';

const main = (prefix: string) => `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n${prefix}  await app.listen(3000);\n}\nbootstrap();\n`;
const controller = "import { Controller, Get } from '@nestjs/common';\n@Controller('cats')\nexport class CatsController {\n  @Get(':id')\n  one() {}\n}\n";

describe('route index: NestJS apps in one repository', () => {
  it('an app without a global prefix keeps its paths when a sibling app sets one', () => {
    assert.deepEqual(
      routes({
        'apps/admin/src/main.ts': main("  app.setGlobalPrefix('admin-api');\n"),
        'apps/admin/src/cats.controller.ts': controller,
        'apps/shop/src/main.ts': main(''),
        'apps/shop/src/cats.controller.ts': controller,
      }),
      ['GET /admin-api/cats/{id}', 'GET /cats/{id}'],
    );
  });
});
