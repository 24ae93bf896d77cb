import { Controller, Get, Header } from '@nestjs/common';
import { ingestionOpenApiDocument, ingestionOpenApiYaml } from './openapi.document';

/** Serves the API description, unauthenticated: it is public documentation. */
@Controller()
export class OpenApiController {
  private readonly yaml = ingestionOpenApiYaml();
  private readonly json = ingestionOpenApiDocument();

  @Get('openapi.json')
  document(): Record<string, unknown> {
    return this.json;
  }

  @Get('openapi.yaml')
  @Header('Content-Type', 'application/yaml; charset=utf-8')
  yamlDocument(): string {
    return this.yaml;
  }
}
