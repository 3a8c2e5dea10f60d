// A real OpenID Connect provider (the npm package oidc-provider) for Samtale's tests, on
// 127.0.0.1 and a free port. Started by samtale/testing/oidc/__init__.py; prints one line
// of JSON ({"issuer": ...}) once it listens, and runs until it is stopped.
//
// The environment variable OIDC_TEST_CONFIG (JSON) gives:
//   clients:  oidc-provider client metadata (client_id, client_secret, redirect_uris, ...)
//   accounts: {login: {claims: {...}, token: "wrong-audience" | "expired" (optional)}}
// Anyone may log in as any of the accounts (the login form takes the login alone). An
// account with "token" gets its ID token altered after the provider issued it, and
// signed again with the provider's own key, so the relying party sees a correctly signed
// token for the wrong audience, or one that has expired.
import http from 'node:http';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG || '{}');
const accounts = config.accounts || {};

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const KID = 'samtale-test';
const signingKey = { ...(await jose.exportJWK(privateKey)), kid: KID, alg: 'RS256', use: 'sig' };

const server = http.createServer();
await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
const issuer = `http://127.0.0.1:${server.address().port}`;

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

const provider = new Provider(issuer, {
  clients: config.clients || [],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['samtale-test-provider'] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    employee: ['employee_number'],
  },
  scopes: ['openid', 'offline_access', 'email', 'profile', 'employee'],
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = page('Log out of the test provider', `${form}
<button autofocus type="submit" form="op.logoutForm" name="logout" value="yes">Log out</button>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page('Logged out of the test provider', '<p>You are logged out.</p>');
      },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    if (!Object.hasOwn(accounts, id)) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...accounts[id].claims }) };
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Error at the test provider', `<p>${escape(out.error)}: ${escape(out.error_description || '')}</p>`);
  },
});

// Alters the ID token of an account marked "wrong-audience" or "expired", then signs it
// again with the provider's key.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.oidc?.route !== 'token' || !ctx.body?.id_token) return;
  const claims = jose.decodeJwt(ctx.body.id_token);
  const how = accounts[claims.sub]?.token;
  if (!how) return;
  const now = Math.floor(Date.now() / 1000);
  if (how === 'wrong-audience') claims.aud = 'another-service';
  if (how === 'expired') {
    claims.iat = now - 7200;
    claims.exp = now - 3600;
  }
  ctx.body = {
    ...ctx.body,
    id_token: await new jose.SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
      .sign(privateKey),
  };
});

async function readForm(req) {
  let data = '';
  for await (const chunk of req) data += chunk;
  return new URLSearchParams(data);
}

// The login: the account's login alone, then the grant of what the client asked for.
async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(page('Log in at the test provider', `
<form method="post" action="/interaction/${escape(details.uid)}">
  <label for="login">Login</label>
  <input id="login" name="login" type="text" autocomplete="username" required autofocus>
  <button type="submit">Log in</button>
</form>`));
    return;
  }
  const login = (await readForm(req)).get('login') || '';
  if (!Object.hasOwn(accounts, login)) {
    await provider.interactionFinished(req, res, {
      error: 'access_denied', error_description: 'no such account at the test provider',
    });
    return;
  }
  const grant = new provider.Grant({ accountId: login, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, {
    login: { accountId: login },
    consent: { grantId },
  }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
server.on('request', (req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.statusCode = 400;
      res.end(String(error));
    });
  } else {
    callback(req, res);
  }
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
console.log(JSON.stringify({ issuer }));
