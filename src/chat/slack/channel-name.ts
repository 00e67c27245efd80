/** The name of an incident's own channel: `inc-42-checkout-502`, lowercase, at most 80 characters. */

export const CHANNEL_NAME_MAX = 80;

export function channelName(incidentId: string, title: string, attempt = 1): string {
  const number = /(\d+)$/.exec(incidentId)?.[1] ?? incidentId.toLowerCase();
  const suffix = attempt > 1 ? `-${attempt}` : '';
  const head = `inc-${number}`;
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const room = CHANNEL_NAME_MAX - head.length - suffix.length - 1;
  const cut = words.slice(0, room).replace(/-+$/, '');
  return cut ? `${head}-${cut}${suffix}` : `${head}${suffix}`;
}
