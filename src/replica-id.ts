import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** This process among the replicas: host, pid and a random part (a restarted pod may reuse both). */
export function replicaId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}
