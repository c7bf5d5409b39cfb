import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../../src/server/env';

// Where mail goes by default: SMTP when configured; the log and dev inbox on the embedded database or outside
// production; nowhere in production on a database server (a reset link in shipped logs is a leaked credential).
const server = {
  DATABASE_URL: 'postgres://u:p@db/tika',
  BETTER_AUTH_SECRET: 'x'.repeat(32),
  APP_URL: 'https://tika.example.com',
};

describe('mail settings', () => {
  it('chooses the transport from what is configured', () => {
    expect(parseEnv({}).mailTransport).toBe('log');
    expect(parseEnv({ NODE_ENV: 'production' }).mailTransport).toBe('log');
    expect(parseEnv({ ...server, NODE_ENV: 'production' }).mailTransport).toBe('off');
    expect(parseEnv({ ...server, NODE_ENV: 'development' }).mailTransport).toBe('log');
    expect(parseEnv({ ...server, SMTP_URL: 'smtps://u:p@mail.example.com' }).mailTransport).toBe('smtp');
    expect(parseEnv({ ...server, MAIL_TRANSPORT: 'log' }).mailTransport).toBe('log');
  });

  it('derives the sender from APP_URL unless MAIL_FROM is set', () => {
    expect(parseEnv({ ...server }).mailFrom).toBe('Tika <no-reply@tika.example.com>');
    expect(parseEnv({ ...server, MAIL_FROM: 'Ops <ops@example.com>' }).mailFrom).toBe('Ops <ops@example.com>');
  });

  it('refuses a non-SMTP URL and MAIL_TRANSPORT=smtp without SMTP_URL, naming the variable', () => {
    expect(() => parseEnv({ SMTP_URL: 'http://mail.example.com' })).toThrow(EnvError);
    expect(() => parseEnv({ SMTP_URL: 'http://mail.example.com' })).toThrow(/SMTP_URL: must be an smtp/);
    expect(() => parseEnv({ MAIL_TRANSPORT: 'smtp' })).toThrow(/SMTP_URL: required when MAIL_TRANSPORT=smtp/);
  });
});
