import { describe, expect, it } from 'vitest';
import { defineMail, escapeHtml, pickLocale } from '../../src/server/mail/render';
import { smtpOptions } from '../../src/server/mail/transport';

describe('mail rendering', () => {
  const mail = defineMail<{ url: string }>('sample', {
    en: ({ url }) => ({ subject: 'Sample', paragraphs: ['One & two'], action: { label: 'Go', url }, notes: ['Small'] }),
    de: ({ url }) => ({ subject: 'Beispiel', paragraphs: ['Eins'], action: { label: 'Los', url } }),
  });

  it('writes the same content into a text body and an escaped HTML body', () => {
    const rendered = mail('en', { url: 'https://t.example/a?x=1&y="2"' });
    expect(rendered.kind).toBe('sample');
    expect(rendered.text).toContain('One & two');
    expect(rendered.text).toContain('Go:\nhttps://t.example/a?x=1&y="2"');
    expect(rendered.text).toContain('Small');
    expect(rendered.html).toContain('One &amp; two');
    expect(rendered.html).toContain('href="https://t.example/a?x=1&amp;y=&quot;2&quot;"');
    expect(rendered.html).not.toContain('y="2"');
  });

  it('renders each locale with its own footer', () => {
    expect(mail('de', { url: 'https://t.example' }).text).toContain('Gesendet von Tika');
    expect(mail('en', { url: 'https://t.example' }).text).toContain('Sent by Tika');
  });

  it('escapes every HTML-significant character', () => {
    expect(escapeHtml(`<a href='x'>&"</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;');
  });

  it('picks the best supported locale from Accept-Language', () => {
    expect(pickLocale('de-CH,de;q=0.9,en;q=0.8')).toBe('de');
    expect(pickLocale('fr-FR,fr;q=0.9,de;q=0.5,en;q=0.4')).toBe('de');
    expect(pickLocale('en;q=0.2,de;q=0.8')).toBe('de');
    expect(pickLocale('fr')).toBe('en');
    expect(pickLocale('de;q=0')).toBe('en');
    expect(pickLocale(null, 'de')).toBe('de');
    expect(pickLocale('')).toBe('en');
  });
});

describe('SMTP_URL', () => {
  it('reads host, port, TLS mode and credentials (percent-decoded)', () => {
    expect(smtpOptions('smtp://user%40x:p%3Ass@mail.example:2525')).toMatchObject({
      host: 'mail.example',
      port: 2525,
      secure: false,
      auth: { user: 'user@x', pass: 'p:ss' },
      requireTLS: false,
      tls: { rejectUnauthorized: true },
    });
    expect(smtpOptions('smtps://mail.example')).toMatchObject({ port: 465, secure: true, auth: undefined });
    expect(smtpOptions('smtp://mail.example')).toMatchObject({ port: 587 });
    expect(smtpOptions('smtp://mail.example?requireTLS=true&tlsRejectUnauthorized=false')).toMatchObject({
      requireTLS: true,
      tls: { rejectUnauthorized: false },
    });
  });
});
