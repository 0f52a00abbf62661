// A minimal SMTP server on a loopback port that accepts every message and keeps it, so a test can read the links a
// server mails (email verification, password reset) without a mail provider. Speaks just enough of RFC 5321 for
// MailKit over a plain connection: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
import { createServer } from 'node:net';

export async function startSmtpSink() {
  const messages = [];
  const server = createServer((socket) => {
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let recipients = [];
    const reply = (line) => socket.write(`${line}\r\n`);
    reply('220 sink.loopback ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const body = buffer.slice(0, end).replace(/\r\n\.\./g, '\r\n.');
          buffer = buffer.slice(end + 5);
          inData = false;
          messages.push({ to: recipients, body: decode(body) });
          recipients = [];
          reply('250 OK');
          continue;
        }
        const end = buffer.indexOf('\r\n');
        if (end < 0) return;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') reply('250-sink.loopback\r\n250 8BITMIME');
        else if (verb === 'HELO' || verb === 'MAIL' || verb === 'NOOP') reply('250 OK');
        else if (verb === 'RSET') { recipients = []; reply('250 OK'); }
        else if (verb === 'RCPT') { recipients.push(line.replace(/^RCPT TO:\s*<?([^>]*)>?.*$/i, '$1').toLowerCase()); reply('250 OK'); }
        else if (verb === 'DATA') { inData = true; reply('354 end with <CRLF>.<CRLF>'); }
        else if (verb === 'QUIT') { reply('221 bye'); socket.end(); return; }
        else reply('502 not implemented');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    /** Every message to `address` so far, newest last (the body with quoted-printable soft breaks undone). */
    to: (address) => messages.filter((m) => m.to.includes(address.toLowerCase())).map((m) => m.body),
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Undoes quoted-printable's soft line breaks and =XX escapes, enough to find a link in a mail. */
function decode(text) {
  return text.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}
