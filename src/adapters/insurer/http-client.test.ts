import { describe, expect, it } from 'vitest';
import { createHttpInsurerClient } from './http-client.ts';

describe('createHttpInsurerClient', () => {
  it('refuses to send the key over plain http except to loopback', async () => {
    expect(() => createHttpInsurerClient({ baseUrl: 'http://insurer.example.com', apiKey: 'k' })).toThrow(/https/);
    expect(() => createHttpInsurerClient({ baseUrl: 'https://insurer.example.com', apiKey: '' })).toThrow(/apiKey/);
    const clients = [
      createHttpInsurerClient({ baseUrl: 'https://insurer.example.com', apiKey: 'k' }),
      createHttpInsurerClient({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k' }),
      createHttpInsurerClient({ baseUrl: 'http://insurer.internal', apiKey: 'k', allowInsecureHttp: true }),
    ];
    await Promise.all(clients.map((c) => c.close()));
  });
});
