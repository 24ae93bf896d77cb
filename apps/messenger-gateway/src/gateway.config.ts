import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { envFlag, PlatformConfig } from '@kontor/platform-config';

export class GatewayConfig extends PlatformConfig {
  override PORT: number = 3004;

  /** Graph API origin; point it at the fake Graph API locally and in tests. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  GRAPH_API_BASE_URL: string = 'https://graph.facebook.com';

  /** Graph API version in every Send API and profile call's path. */
  @Matches(/^v\d+\.\d+$/, { message: 'GRAPH_API_VERSION must look like v23.0' })
  GRAPH_API_VERSION: string = 'v23.0';

  /** The Facebook page's access token the Send API calls carry; a secret. */
  @MinLength(1, { message: 'MESSENGER_PAGE_ACCESS_TOKEN is required' })
  MESSENGER_PAGE_ACCESS_TOKEN: string = '';

  /** Key for account tokens; must equal bank-ingestion's so consents name the same accounts. */
  @MinLength(32, { message: 'KONTOR_TOKENIZATION_KEY must be at least 32 characters' })
  KONTOR_TOKENIZATION_KEY: string = '';

  /** Attempts before a consumed message goes to the dead-letter topic, or a received webhook event is marked failed. */
  @IsInt()
  @Min(1)
  @Max(20)
  GATEWAY_MAX_ATTEMPTS: number = 5;

  /** Send API attempts per message on 5xx and rate limits before the delivery is left for the sweeper. */
  @IsInt()
  @Min(1)
  @Max(10)
  SEND_API_MAX_ATTEMPTS: number = 4;

  /**
   * The Meta app secret that signs webhooks (X-Hub-Signature-256). Empty: every webhook POST is refused
   * with 403, so a missing secret can never mean "accept unsigned".
   */
  @IsString()
  MESSENGER_APP_SECRET: string = '';

  /** The token Meta echoes in the subscription handshake; empty refuses every handshake. */
  @IsString()
  MESSENGER_VERIFY_TOKEN: string = '';

  /** Where customers' browsers reach the gateway (the consent page behind the account-linking button). */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  GATEWAY_PUBLIC_URL: string = 'http://127.0.0.1:3004';

  /** Send API requests per second per page, across all message kinds (a token bucket). */
  @IsInt()
  @Min(1)
  @Max(1000)
  SEND_API_MAX_PER_SECOND: number = 20;

  /** How long a sender owns a claimed alert delivery before another may take it over. */
  @IsInt()
  @Min(1)
  @Max(3600)
  ALERT_SEND_LEASE_SECONDS: number = 120;

  /**
   * After a lease ran out, how long to wait for Messenger's message echo (which names the alert in its
   * metadata) before concluding the message never left and sending it again.
   */
  @IsInt()
  @Min(0)
  @Max(3600)
  ALERT_ECHO_GRACE_SECONDS: number = 30;

  /** Remind customers of consents that expire within this many days (only inside the 24-hour window). */
  @IsInt()
  @Min(1)
  @Max(60)
  CONSENT_REMINDER_DAYS: number = 7;

  /**
   * Partner banks allowed to revoke consents through the gateway's bank API, as
   * `bankId:keyId:secret` separated by commas. Empty: the bank API refuses everything.
   */
  @Matches(/^([A-Za-z0-9._-]+:[A-Za-z0-9._-]+:[^,:\s]{16,})?(,[A-Za-z0-9._-]+:[A-Za-z0-9._-]+:[^,:\s]{16,})*$/, {
    message: 'GATEWAY_BANK_KEYS must be bankId:keyId:secret[,…] with secrets of at least 16 characters',
  })
  GATEWAY_BANK_KEYS: string = '';

  /** Where the consent page may send the browser back to (Messenger's redirect_uri), comma-separated origins. */
  @Matches(/^https?:\/\/[^,\s]+(,https?:\/\/[^,\s]+)*$/, { message: 'ACCOUNT_LINKING_REDIRECT_ORIGINS must be a comma-separated list of origins' })
  ACCOUNT_LINKING_REDIRECT_ORIGINS: string = 'https://www.facebook.com,https://www.messenger.com,https://m.facebook.com,https://facebook.com';

  /** Set the page's Messenger Profile (get started, greeting, persistent menu) at start-up. */
  @Transform(({ obj, key }) => envFlag((obj as Record<string, unknown>)[key]))
  @IsBoolean()
  MESSENGER_PROFILE_ON_START: boolean = true;
}
