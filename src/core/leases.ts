/**
 * A named lease in the store that one holder at a time owns until it expires: how replicas agree
 * which of them holds what must exist once (the Slack socket, the Discord gateway). The fencing
 * token grows by one on every takeover, never on a renewal, so a holder can tell its term from the
 * next one.
 */
export interface Lease {
  name: string;
  holder: string;
  token: number;
  expiresAt: number;
}

export interface LeaseStore {
  /** Takes the lease when it is free or expired, or extends it when `holder` has it; undefined while another holder does. One statement. */
  acquireLease(name: string, holder: string, now: number, ttlMs: number): Promise<Lease | undefined>;
  /** Extends the lease of this holder and term if it has not expired; undefined when it is lost. One statement. */
  renewLease(name: string, holder: string, token: number, now: number, ttlMs: number): Promise<Lease | undefined>;
  /** Lets the lease expire now, so another holder can take it at once (its token keeps counting). */
  releaseLease(name: string, holder: string, token: number): Promise<void>;
}
