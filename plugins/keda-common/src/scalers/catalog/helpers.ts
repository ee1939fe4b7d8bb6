/**
 * Small builders that keep the catalog data readable. Not exported from the
 * package.
 */
import type {
  PodIdentityProvider,
  ScalerDefinition,
  ScalerParameter,
  ScalerParameterKind,
  ScalerParameterSource,
} from '../types';

/** The docs version the catalog follows. */
export const KEDA_DOCS_VERSION = '2.21';

/** Shorthands for the usual combinations of sources. */
export const M: ScalerParameterSource[] = ['metadata'];
export const ME: ScalerParameterSource[] = ['metadata', 'env'];
export const MA: ScalerParameterSource[] = ['metadata', 'authentication'];
export const MEA: ScalerParameterSource[] = [
  'metadata',
  'env',
  'authentication',
];
export const MAE: ScalerParameterSource[] = [
  'metadata',
  'authentication',
  'env',
];
export const AM: ScalerParameterSource[] = ['authentication', 'metadata'];
export const A: ScalerParameterSource[] = ['authentication'];
export const EA: ScalerParameterSource[] = ['env', 'authentication'];
export const AE: ScalerParameterSource[] = ['authentication', 'env'];
export const AEM: ScalerParameterSource[] = [
  'authentication',
  'env',
  'metadata',
];
export const AME: ScalerParameterSource[] = [
  'authentication',
  'metadata',
  'env',
];

export type ParamOptions = {
  required?: boolean;
  oneOfGroup?: string;
  default?: string;
  values?: string[];
  sources?: ScalerParameterSource[];
  secret?: boolean;
  deprecated?: boolean;
  removed?: string;
  aliases?: string[];
};

/** Any parameter. Optional, from metadata, not secret, unless told. */
export function param(
  name: string,
  kind: ScalerParameterKind,
  description: string,
  options: ParamOptions = {},
): ScalerParameter {
  const isSecret = options.secret ?? false;
  const result: ScalerParameter = {
    name,
    description,
    required: options.required ?? false,
    kind,
    sources: options.sources ?? (isSecret ? A : M),
    secret: isSecret,
  };
  if (options.oneOfGroup !== undefined) result.oneOfGroup = options.oneOfGroup;
  if (options.default !== undefined) result.default = options.default;
  if (options.values !== undefined) result.values = options.values;
  if (options.deprecated) result.deprecated = true;
  if (options.removed !== undefined) result.removed = options.removed;
  if (options.aliases?.length) result.aliases = options.aliases;
  return result;
}

/** A required parameter. */
export function req(
  name: string,
  kind: ScalerParameterKind,
  description: string,
  options: ParamOptions = {},
): ScalerParameter {
  return param(name, kind, description, { ...options, required: true });
}

/** An optional parameter (same as `param`, reads better next to `req`). */
export const opt = param;

/** An enum parameter; `values` come first. */
export function oneOf(
  name: string,
  values: string[],
  description: string,
  options: ParamOptions = {},
): ScalerParameter {
  return param(name, 'enum', description, { ...options, values });
}

/** A `true`/`false` switch. */
export function flag(
  name: string,
  description: string,
  defaultValue?: 'true' | 'false',
  options: ParamOptions = {},
): ScalerParameter {
  return param(name, 'boolean', description, {
    ...options,
    ...(defaultValue !== undefined ? { default: defaultValue } : {}),
  });
}

/** A credential: secret, from a TriggerAuthentication unless told. */
export function secret(
  name: string,
  description: string,
  options: ParamOptions = {},
): ScalerParameter {
  return param(name, 'string', description, {
    sources: A,
    ...options,
    secret: true,
  });
}

/** A non-secret value that only a TriggerAuthentication can supply. */
export function auth(
  name: string,
  kind: ScalerParameterKind,
  description: string,
  options: ParamOptions = {},
): ScalerParameter {
  return param(name, kind, description, { sources: A, ...options });
}

/** The usual `activation…` threshold, default 0. */
export function activation(
  name: string,
  kind: ScalerParameterKind = 'number',
  what = 'the metric',
): ScalerParameter {
  return param(
    name,
    kind,
    `Value of ${what} above which the scaler becomes active (scales from zero).`,
    { default: '0' },
  );
}

/** `unsafeSsl`: skip TLS certificate verification. */
export function unsafeSsl(defaultValue: 'true' | 'false' = 'false') {
  return flag(
    'unsafeSsl',
    'Skip verification of the server TLS certificate.',
    defaultValue,
  );
}

/** Client TLS material from a TriggerAuthentication. */
export function tlsClientAuth(options: { keyPassword?: boolean } = {}) {
  const list = [
    auth('ca', 'string', 'CA certificate (PEM) used to verify the server.'),
    auth('cert', 'string', 'Client certificate (PEM) for mutual TLS.'),
    secret('key', 'Private key (PEM) of the client certificate.'),
  ];
  if (options.keyPassword) {
    list.push(
      secret('keyPassword', 'Passphrase that decrypts the client key.'),
    );
  }
  return list;
}

/**
 * KEDA's shared authentication (pkg/scalers/authentication, embedded by the
 * HTTP-based scalers): `authModes` and what each mode reads.
 */
export function sharedAuth(): ScalerParameter[] {
  return [
    param(
      'authModes',
      'list',
      'Comma-separated authentication modes, e.g. basic,tls (at most one of bearer, basic, oauth).',
      { values: ['apiKey', 'basic', 'tls', 'bearer', 'custom', 'oauth'] },
    ),
    secret('bearerToken', 'Token for bearer authentication.'),
    auth('username', 'string', 'User for basic authentication.'),
    secret('password', 'Password for basic authentication (may be empty).'),
    ...tlsClientAuth(),
    auth(
      'oauthTokenURI',
      'url',
      'Token endpoint for OAuth2 client credentials.',
    ),
    auth('scopes', 'list', 'OAuth2 scopes, comma-separated.'),
    auth('clientID', 'string', 'OAuth2 client ID.'),
    secret('clientSecret', 'OAuth2 client secret.'),
    auth(
      'endpointParams',
      'map',
      'Extra parameters for the OAuth2 token request (URL query syntax).',
    ),
    auth(
      'customAuthHeader',
      'string',
      'Header name for custom authentication.',
    ),
    secret('customAuthValue', 'Header value for custom authentication.'),
    secret('apiKey', 'API key for apiKey authentication.'),
    oneOf(
      'method',
      ['header', 'query'],
      'Where the API key goes: a header or a query parameter.',
      { default: 'header' },
    ),
    opt(
      'keyParamName',
      'string',
      'Name of the header or query parameter that carries the API key.',
    ),
  ];
}

/** The deprecated `identityOwner` of the AWS scalers. */
export function awsIdentityOwner(): ScalerParameter {
  return oneOf(
    'identityOwner',
    ['pod', 'operator'],
    'Whose AWS identity is used with aws-eks pod identity: the workload or the KEDA operator.',
    { default: 'pod', deprecated: true },
  );
}

/** `awsRegion`, `awsEndpoint`. */
export function awsLocation(regionRequired = true): ScalerParameter[] {
  return [
    param('awsRegion', 'string', 'AWS region of the resource.', {
      required: regionRequired,
    }),
    param(
      'awsEndpoint',
      'url',
      'Custom AWS endpoint URL (e.g. for LocalStack); empty uses the default.',
      { default: '' },
    ),
  ];
}

/**
 * AWS credentials as KEDA's shared AWS helper reads them (aws_common.go):
 * `identityOwner` in the metadata, a role ARN or an access key pair (with
 * session token) from a TriggerAuthentication; the key ID may also be
 * written in the metadata or named by awsAccessKeyIDFromEnv (it identifies
 * the key, it is not the secret).
 */
export function awsCredentials(): ScalerParameter[] {
  return [
    awsIdentityOwner(),
    auth(
      'awsRoleArn',
      'string',
      'ARN of an IAM role to assume for reading the metric.',
    ),
    param('awsAccessKeyID', 'string', 'AWS access key ID of an IAM user.', {
      sources: AME,
    }),
    auth(
      'awsAccessKeyId',
      'string',
      'Older spelling of awsAccessKeyID (TriggerAuthentication only).',
    ),
    secret('awsSecretAccessKey', 'AWS secret access key of that IAM user.', {
      sources: AE,
    }),
    secret(
      'awsSessionToken',
      'AWS session token, needed with temporary credentials.',
    ),
  ];
}

/** The Azure clouds most Azure scalers accept in `cloud`. */
export const AZURE_CLOUDS = [
  'AzurePublicCloud',
  'AzureUSGovernmentCloud',
  'AzureChinaCloud',
  'Private',
];

export type ScalerInput = Omit<
  ScalerDefinition,
  'docsUrl' | 'podIdentityProviders'
> & {
  /**
   * The scaler embeds KEDA's shared authentication: its parameters are added
   * after the listed ones (a listed parameter of the same name wins).
   */
  sharedAuth?: boolean;
  /**
   * The docs page name (file name without `.md`), or a full URL for a scaler
   * without a docs page.
   */
  page: string;
  podIdentityProviders?: PodIdentityProvider[];
};

/** Builds a definition, deriving the docs URL from the page name. */
export function scaler(input: ScalerInput): ScalerDefinition {
  const { page, podIdentityProviders, sharedAuth: shared, ...rest } = input;
  const names = new Set(rest.parameters.map(p => p.name));
  const parameters = shared
    ? [...rest.parameters, ...sharedAuth().filter(p => !names.has(p.name))]
    : rest.parameters;
  return {
    ...rest,
    parameters,
    docsUrl: page.startsWith('https://')
      ? page
      : `https://keda.sh/docs/${KEDA_DOCS_VERSION}/scalers/${page}/`,
    podIdentityProviders: podIdentityProviders ?? [],
  };
}
