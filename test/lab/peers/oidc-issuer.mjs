// SPDX-License-Identifier: Apache-2.0
/**
 * The lab's OIDC identity provider: a small issuer on HTTPS (a certificate from lab-a's CA) that
 * serves OIDC discovery, its JWKS, and a token endpoint for `grant_type=refresh_token` (client id
 * and secret checked, refresh tokens rotated on use). It issues RS256 ID tokens with a short
 * expiry. Tests get a first ID token and refresh token from `POST /test/mint` (as a login would
 * give them) and read how many refreshes were served from `GET /test/stats`.
 *
 * usage: node oidc-issuer.mjs <config.json>
 *   config: { port, issuer, certFile, keyFile, signingKeyFile, clientId, clientSecret, ttlSeconds }
 */
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';

const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const signingKey = createPrivateKey(readFileSync(cfg.signingKeyFile));
const jwk = createPublicKey(signingKey).export({ format: 'jwk' });
const kid = createHash('sha256').update(jwk.n).digest('base64url').slice(0, 16);

/** refresh token → subject; rotated on every use. */
const refreshTokens = new Map();
const stats = { refreshes: 0, refused: 0, minted: 0 };

const b64url = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

function idToken(sub, ttlSeconds) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: cfg.issuer, aud: cfg.clientId, sub, email: `${sub}@lab.mldeck.internal`, email_verified: true, iat: now, exp: now + ttlSeconds };
  const input = `${b64url({ alg: 'RS256', typ: 'JWT', kid })}.${b64url(claims)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), signingKey).toString('base64url')}`;
}

function newRefreshToken(sub) {
  const token = randomBytes(24).toString('base64url');
  refreshTokens.set(token, sub);
  return token;
}

function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > 65536) req.destroy(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function same(a, b) {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Client credentials from HTTP basic auth or the form (client_secret_basic / client_secret_post). */
function clientOf(req, form) {
  const auth = req.headers.authorization ?? '';
  if (auth.startsWith('Basic ')) {
    const [id, secret] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':').map(decodeURIComponent);
    return { id, secret };
  }
  return { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' };
}

async function token(req, res) {
  const form = new URLSearchParams(await readBody(req));
  const client = clientOf(req, form);
  if (!same(client.id, cfg.clientId) || !same(client.secret, cfg.clientSecret)) {
    stats.refused++;
    return send(res, 401, { error: 'invalid_client' });
  }
  if (form.get('grant_type') !== 'refresh_token') return send(res, 400, { error: 'unsupported_grant_type' });
  const old = form.get('refresh_token') ?? '';
  const sub = refreshTokens.get(old);
  if (!sub) {
    stats.refused++;
    return send(res, 400, { error: 'invalid_grant', error_description: 'unknown or used refresh token' });
  }
  refreshTokens.delete(old);
  stats.refreshes++;
  const id = idToken(sub, cfg.ttlSeconds);
  send(res, 200, { access_token: id, id_token: id, token_type: 'Bearer', expires_in: cfg.ttlSeconds, refresh_token: newRefreshToken(sub) });
}

async function mint(req, res) {
  const body = JSON.parse((await readBody(req)) || '{}');
  const sub = String(body.sub ?? 'oidc-user');
  stats.minted++;
  send(res, 200, { id_token: idToken(sub, Number(body.expiresIn ?? cfg.ttlSeconds)), refresh_token: newRefreshToken(sub) });
}

const server = createServer({ cert: readFileSync(cfg.certFile), key: readFileSync(cfg.keyFile) }, (req, res) => {
  const path = new URL(req.url ?? '/', cfg.issuer).pathname;
  const route = `${req.method} ${path}`;
  const handle = {
    'GET /.well-known/openid-configuration': () =>
      send(res, 200, {
        issuer: cfg.issuer,
        jwks_uri: `${cfg.issuer}/keys`,
        token_endpoint: `${cfg.issuer}/token`,
        authorization_endpoint: `${cfg.issuer}/auth`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        grant_types_supported: ['refresh_token'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      }),
    'GET /keys': () => send(res, 200, { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] }),
    'POST /token': () => token(req, res),
    'POST /test/mint': () => mint(req, res),
    'GET /test/stats': () => send(res, 200, stats),
    'GET /healthz': () => send(res, 200, { ok: true }),
  }[route];
  if (!handle) return send(res, 404, { error: 'not_found' });
  Promise.resolve(handle()).catch((e) => send(res, 500, { error: 'server_error', error_description: String(e?.message ?? e) }));
});
server.listen(cfg.port, '127.0.0.1', () => process.stderr.write(`oidc issuer at ${cfg.issuer}\n`));
