import type { FeedFormat } from '@kontor/contracts';

export type CamtFormat = Extract<FeedFormat, 'camt.052' | 'camt.053' | 'camt.054'>;

/** Each camt message type: its root element under `Document` and the element of one statement in it. */
export const CAMT_MESSAGES: Readonly<Record<CamtFormat, { root: string; statement: string }>> = {
  'camt.052': { root: 'BkToCstmrAcctRpt', statement: 'Rpt' },
  'camt.053': { root: 'BkToCstmrStmt', statement: 'Stmt' },
  'camt.054': { root: 'BkToCstmrDbtCdtNtfctn', statement: 'Ntfctn' },
};

/**
 * Message versions read: 001.02 (the first in wide use) to 001.13 (ISO 20022 2023 release). They differ in
 * the places the entry mapper looks at (`Sts` vs `Sts/Cd`, `BIC` vs `BICFI`, `Dbtr/Nm` vs `Dbtr/Pty/Nm`,
 * `TxDtls/Amt` vs `AmtDtls/TxAmt`), and it reads both forms.
 */
export const CAMT_VERSIONS = { min: 2, max: 13 } as const;

const CAMT_NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:(camt\.05[234])\.001\.(\d{2})$/;

export interface CamtNamespace {
  format: CamtFormat;
  version: number;
}

/** `urn:iso:std:iso:20022:tech:xsd:camt.053.001.08` → camt.053 version 8; undefined when not a camt URN. */
export function parseCamtNamespace(uri: string): CamtNamespace | undefined {
  const m = CAMT_NAMESPACE.exec(uri.trim());
  return m ? { format: m[1] as CamtFormat, version: Number(m[2]) } : undefined;
}

export function isSupportedCamtVersion(version: number): boolean {
  return version >= CAMT_VERSIONS.min && version <= CAMT_VERSIONS.max;
}
