import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';

/** One reason behind a score: a stable code, its weight, and customer-readable sentences. */
export class FraudReason {
  @Matches(/^[A-Z][A-Z0-9_]{2,63}$/)
  code!: string;

  @IsInt()
  @Min(0)
  @Max(1000)
  points!: number;

  @IsString()
  @Length(1, 280)
  messageEn!: string;

  @IsString()
  @Length(1, 280)
  messageDe!: string;
}
