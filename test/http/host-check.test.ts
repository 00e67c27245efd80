import { describe, expect, it } from 'vitest';
import type { AccessSettings } from '../../src/http/access-settings.js';
import { hostName, isAllowedHost, isAllowedOrigin } from '../../src/http/host-check.js';

const settings = (boundHost: string, publicOrigin = 'http://127.0.0.1:3000'): AccessSettings => ({ boundHost, publicOrigin, trustLoopback: true, publicHealth: false, publicStatus: true, now: () => 0 });

describe('Host and Origin rules', () => {
  it('reads the host name of a Host header, IPv6 included', () => {
    expect(hostName('Example.COM:3000')).toBe('example.com');
    expect(hostName('[::1]:3000')).toBe('::1');
    expect(hostName('::1')).toBe('::1');
    expect(hostName('localhost')).toBe('localhost');
  });

  it('allows loopback names, the bound address and the public host; a DNS name only when it is ours', () => {
    const local = settings('127.0.0.1');
    for (const host of ['localhost:3000', '127.0.0.1:3000', '127.1.2.3', '[::1]:3000', 'app.localhost:3000']) expect(isAllowedHost(host, local), host).toBe(true);
    for (const host of ['evil.example', 'evil.example:3000', '127.0.0.1.evil.example', 'localhost.evil.example', '', undefined]) expect(isAllowedHost(host, local), String(host)).toBe(false);
    const publicUrl = settings('0.0.0.0', 'https://firebreak.example.com');
    expect(isAllowedHost('firebreak.example.com', publicUrl)).toBe(true);
    expect(isAllowedHost('10.0.0.5:3000', publicUrl)).toBe(true); // an IP literal cannot be rebound
    expect(isAllowedHost('firebreak.internal:3000', publicUrl)).toBe(false);
    expect(isAllowedHost('10.0.0.5:3000', settings('10.0.0.6'))).toBe(false);
  });

  it('allows the configured origin, and a loopback origin only for the same loopback Host', () => {
    expect(isAllowedOrigin('https://firebreak.example.com', 'evil.example', 'https://firebreak.example.com')).toBe(true);
    expect(isAllowedOrigin('http://evil.example', 'evil.example', 'https://firebreak.example.com')).toBe(false);
    expect(isAllowedOrigin('http://localhost:3000', 'localhost:3000', undefined)).toBe(true);
    expect(isAllowedOrigin('http://localhost:3001', 'localhost:3000', undefined)).toBe(false);
    expect(isAllowedOrigin('null', 'localhost:3000', undefined)).toBe(false);
  });
});
