import 'reflect-metadata';
import { loadConfig } from '@kontor/platform-config';
import { bootstrapService } from '@kontor/platform-runtime';
import { GatewayConfig } from './gateway.config';
import { configureGatewayHttp } from './gateway.http';
import { GatewayModule } from './gateway.module';

async function main(): Promise<void> {
  const config = loadConfig(GatewayConfig);
  await bootstrapService(GatewayModule.register(config), {
    service: 'messenger-gateway',
    port: config.PORT,
    logLevel: config.LOG_LEVEL,
    configure: configureGatewayHttp,
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
