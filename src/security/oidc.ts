import type * as OpenId from 'openid-client';

/** The OIDC client library, loaded with the first SSO login, not with the server (most kommuner log in with passwords). */
const openIdClient = () => import('openid-client');

/** What the app needs of OIDC settings to talk to the provider (src/config.ts's OidcConfig). */
export interface OidcProviderSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** What the provider said about the person who logged in: the ID token's claims and its userinfo. */
export type OidcClaims = Record<string, unknown>;

export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

const SCOPE = 'openid email profile';

// One discovery per provider and process; a failed one is not kept, so the next login tries again.
const discovered = new Map<string, Promise<OpenId.Configuration>>();

function configurationOf(s: OidcProviderSettings, allowHttp: boolean): Promise<OpenId.Configuration> {
  const key = `${s.issuer} ${s.clientId}`;
  let found = discovered.get(key);
  if (!found) {
    found = openIdClient().then((client) => {
      // Plain http only outside production (config refuses an http issuer there): the tests' provider.
      const execute = allowHttp && s.issuer.startsWith('http://') ? [client.allowInsecureRequests] : [];
      return client.discovery(new URL(s.issuer), s.clientId, s.clientSecret, undefined, { execute });
    });
    found.catch(() => discovered.delete(key));
    discovered.set(key, found);
  }
  return found;
}

/** Where to send the browser to log in, and what to keep in the session to check the answer by. */
export async function startLogin(
  s: OidcProviderSettings,
  allowHttp: boolean,
  redirectUri: string,
): Promise<{ url: string; pending: PendingLogin }> {
  const config = await configurationOf(s, allowHttp);
  const client = await openIdClient();
  const pending = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url: url.href, pending };
}

/**
 * Checks the provider's answer (state, PKCE, the ID token's signature, issuer, audience, nonce and
 * times) and returns the person's claims; throws when any check fails.
 */
export async function finishLogin(
  s: OidcProviderSettings,
  allowHttp: boolean,
  callbackUrl: URL,
  pending: PendingLogin,
): Promise<{ claims: OidcClaims; idToken: string }> {
  const config = await configurationOf(s, allowHttp);
  const client = await openIdClient();
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    pkceCodeVerifier: pending.codeVerifier,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims()!;
  // Many providers put e-mail and groups only in userinfo; the signed ID token wins where both speak.
  const userinfo = config.serverMetadata().userinfo_endpoint
    ? await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)
    : {};
  return { claims: { ...userinfo, ...idClaims }, idToken: tokens.id_token! };
}

/** The provider's logout address for this ID token, or null when it offers none (or cannot be reached). */
export async function endSessionUrl(
  s: OidcProviderSettings,
  allowHttp: boolean,
  idToken: string,
  postLogoutRedirectUri: string,
): Promise<string | null> {
  try {
    const config = await configurationOf(s, allowHttp);
    if (!config.serverMetadata().end_session_endpoint) return null;
    const client = await openIdClient();
    return client.buildEndSessionUrl(config, {
      id_token_hint: idToken,
      post_logout_redirect_uri: postLogoutRedirectUri,
    }).href;
  } catch {
    return null;
  }
}
