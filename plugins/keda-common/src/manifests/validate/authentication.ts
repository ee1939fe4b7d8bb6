/**
 * The rules of a TriggerAuthentication (or ClusterTriggerAuthentication)
 * spec: at least one source, pod identity settings (rule 13), secret
 * references, no literal Vault token, OAuth2 client credentials. Also what
 * each one in a set supplies, so a trigger's parameters can come from it.
 */
import {
  AUTHENTICATION_SOURCES,
  IDENTITY_OWNERS,
  isObj,
  POD_IDENTITY,
  POD_IDENTITY_PROVIDERS,
  SECRET_TARGET_REF,
  stringValue as str,
  type Obj,
} from '../fields';
import { configKeyError } from '../names';
import type { PathSegment } from '../paths';
import type { AuthInfo, Checker } from './checker';

function checkPodIdentity(c: Checker, identity: unknown) {
  if (identity !== undefined && !isObj(identity)) {
    c.add(
      ['spec', 'podIdentity'],
      'must be an object',
      'Write provider and its settings.',
    );
  }
  if (!isObj(identity)) return;
  const at: PathSegment[] = ['spec', 'podIdentity'];
  c.unknownFields(identity, at, POD_IDENTITY, 'podIdentity');
  if (identity.provider === undefined) {
    c.add(
      [...at, 'provider'],
      'is required',
      'Set provider: azure-workload, aws, aws-eks, gcp or none.',
    );
  }
  c.oneOf(identity, at, 'provider', POD_IDENTITY_PROVIDERS);
  c.oneOf(identity, at, 'identityOwner', IDENTITY_OWNERS);
  for (const key of [
    'identityId',
    'identityTenantId',
    'identityAuthorityHost',
    'roleArn',
    'externalID',
  ]) {
    c.string(identity, at, key, false);
  }
  checkIdentityCombinations(c, identity, at);
}

/**
 * Rule 13: settings that need or exclude one another, as KEDA's webhook
 * checks them (validateSpec in triggerauthentication_webhook.go): the Azure
 * rules only for azure-workload, the AWS rules only for aws.
 */
function checkIdentityCombinations(
  c: Checker,
  identity: Obj,
  at: PathSegment[],
) {
  if (identity.provider === 'azure-workload') {
    if (identity.identityId === '') {
      c.add(
        [...at, 'identityId'],
        'must not be an empty string',
        'Set the client id of the identity, or remove identityId.',
      );
    }
    if (str(identity.identityAuthorityHost)) {
      if (!str(identity.identityTenantId)) {
        c.add(
          [...at, 'identityAuthorityHost'],
          'needs identityTenantId',
          'Add identityTenantId, or remove identityAuthorityHost.',
        );
      }
    } else if (identity.identityTenantId === '') {
      c.add(
        [...at, 'identityTenantId'],
        'must not be an empty string',
        'Set the tenant id, or remove identityTenantId.',
      );
    }
  }
  if (identity.provider === 'aws') {
    if (str(identity.roleArn) && identity.identityOwner === 'workload') {
      c.add(
        [...at, 'roleArn'],
        'roleArn can only be set when identityOwner is keda',
        'Set identityOwner: keda, or remove roleArn.',
      );
    }
    if (str(identity.externalID) && !str(identity.roleArn)) {
      c.add(
        [...at, 'externalID'],
        'needs roleArn',
        'Add roleArn, or remove externalID.',
      );
    }
  }
}

/**
 * azureServicePrincipal, as KEDA's webhook checks it
 * (validateAzureServicePrincipal).
 */
function checkAzureServicePrincipal(c: Checker, principal: unknown) {
  if (!isObj(principal)) return;
  const at: PathSegment[] = ['spec', 'azureServicePrincipal'];
  for (const key of ['tenantId', 'clientId']) {
    if (!str(principal[key])) {
      c.add(
        [...at, key],
        'is required when azureServicePrincipal is set',
        `Add ${key}.`,
      );
    }
  }
  const secret = principal.clientSecret !== undefined;
  const certificate = principal.clientCertificate !== undefined;
  if (secret && certificate) {
    c.add(
      [...at, 'clientCertificate'],
      'clientSecret and clientCertificate exclude one another',
      'Keep one of them.',
    );
  } else if (!secret && !certificate) {
    c.add(
      [...at, 'clientSecret'],
      'azureServicePrincipal needs clientSecret or clientCertificate',
      'Add clientSecret (or clientCertificate) with a secretKeyRef.',
    );
  }
  if (principal.clientCertificatePassword !== undefined && !certificate) {
    c.add(
      [...at, 'clientCertificatePassword'],
      'needs clientCertificate',
      'Add clientCertificate, or remove clientCertificatePassword.',
    );
  }
  const cloud = str(principal.cloud) ?? '';
  const endpoint = str(principal.activeDirectoryEndpoint) ?? '';
  if (cloud.toLowerCase() === 'private' && !endpoint) {
    c.add(
      [...at, 'activeDirectoryEndpoint'],
      'is required when cloud is Private',
      'Add the Active Directory endpoint of the private cloud.',
    );
  } else if (cloud.toLowerCase() !== 'private' && endpoint) {
    c.add(
      [...at, 'activeDirectoryEndpoint'],
      'can only be set when cloud is Private',
      'Remove activeDirectoryEndpoint, or set cloud: Private.',
    );
  }
}

function checkSecretTargetRef(
  c: Checker,
  ref: unknown,
  at: PathSegment[],
  parameters: Set<string>,
) {
  if (!isObj(ref)) {
    c.add(at, 'must be an object', 'Write { parameter, name, key }.');
    return;
  }
  c.unknownFields(ref, at, SECRET_TARGET_REF, 'secretTargetRef');
  const parameter = c.string(
    ref,
    at,
    'parameter',
    true,
    'the trigger parameter it supplies',
  );
  if (parameter !== undefined) {
    if (parameters.has(parameter)) {
      c.add(
        [...at, 'parameter'],
        `'${parameter}' is supplied twice`,
        'Keep one entry per parameter.',
      );
    }
    parameters.add(parameter);
  }
  c.name(
    [...at, 'name'],
    c.string(ref, at, 'name', true, 'the name of the Secret'),
    'subdomain',
    'the Secret name',
  );
  const key = c.string(ref, at, 'key', true, 'the key in the Secret');
  if (key !== undefined) {
    const error = configKeyError(key);
    if (error)
      c.add(
        [...at, 'key'],
        `the Secret key ${error}`,
        'Use the key as written in the Secret: letters, digits, -, _ and .',
      );
  }
}

function checkSecretTargetRefs(c: Checker, refs: unknown) {
  if (refs === undefined) return;
  if (!Array.isArray(refs)) {
    c.add(
      ['spec', 'secretTargetRef'],
      'must be a list',
      'Write a list of { parameter, name, key }.',
    );
    return;
  }
  const parameters = new Set<string>();
  refs.forEach((ref, i) =>
    checkSecretTargetRef(c, ref, ['spec', 'secretTargetRef', i], parameters),
  );
}

function checkOauth2(c: Checker, oauth: unknown) {
  if (oauth === undefined) return;
  const at: PathSegment[] = ['spec', 'oauth2'];
  if (!isObj(oauth)) {
    c.add(at, 'must be an object', 'Write type, clientId and tokenUrl.');
    return;
  }
  // The CRD defaults type to clientCredentials.
  if (oauth.type !== undefined && oauth.type !== 'clientCredentials') {
    c.add(
      [...at, 'type'],
      'must be clientCredentials',
      'Set type: clientCredentials.',
    );
  }
  if (!str(oauth.clientId)) {
    c.add([...at, 'clientId'], 'is required', 'Add the OAuth client id.');
  }
  const url = str(oauth.tokenUrl);
  if (!url || !/^https?:\/\/[^\s/]+/.test(url)) {
    c.add(
      [...at, 'tokenUrl'],
      'must be an http(s) URL',
      'Write the token endpoint, e.g. https://login.example.com/oauth2/token.',
    );
  }
}

export function checkTriggerAuthentication(c: Checker, spec: Obj) {
  c.unknownFields(
    spec,
    ['spec'],
    AUTHENTICATION_SOURCES,
    'a TriggerAuthentication spec',
  );
  if (!AUTHENTICATION_SOURCES.some(s => spec[s] !== undefined)) {
    c.add(
      ['spec'],
      'supplies nothing',
      'Add secretTargetRef (Secret name and key per parameter) or podIdentity.',
    );
  }
  checkPodIdentity(c, spec.podIdentity);
  checkSecretTargetRefs(c, spec.secretTargetRef);
  const vault = spec.hashiCorpVault;
  if (
    isObj(vault) &&
    isObj(vault.credential) &&
    vault.credential.token !== undefined
  ) {
    c.add(
      ['spec', 'hashiCorpVault', 'credential', 'token'],
      'is a secret written into the manifest',
      'Use Vault kubernetes authentication (role and service account) instead of a literal token.',
    );
  }
  // Checked whatever the pod identity: KEDA's webhook returns before oauth2
  // for providers other than azure-workload and aws, but the scaler cannot
  // get a token without clientId and tokenUrl either way.
  checkOauth2(c, spec.oauth2);
  checkAzureServicePrincipal(c, spec.azureServicePrincipal);
}

/** Which parameters each TriggerAuthentication in the set supplies. */
export function collectAuthentications(manifests: ReadonlyArray<unknown>) {
  const map = new Map<string, AuthInfo>();
  for (const manifest of manifests) {
    if (!isObj(manifest) || !isObj(manifest.metadata) || !isObj(manifest.spec))
      continue;
    const name = str(manifest.metadata.name);
    if (!name) continue;
    let key: string;
    if (manifest.kind === 'ClusterTriggerAuthentication') {
      key = `cluster:${name}`;
    } else if (manifest.kind === 'TriggerAuthentication') {
      key = name;
    } else {
      continue;
    }
    const spec = manifest.spec;
    const parameters = new Set<string>();
    let known = true;
    for (const list of [
      'secretTargetRef',
      'env',
      'configMapTargetRef',
      'boundServiceAccountToken',
    ]) {
      const entries = spec[list];
      if (Array.isArray(entries)) {
        for (const entry of entries) {
          if (isObj(entry) && typeof entry.parameter === 'string')
            parameters.add(entry.parameter);
        }
      }
    }
    for (const provider of [
      'hashiCorpVault',
      'azureKeyVault',
      'gcpSecretManager',
      'awsSecretManager',
      'azureServicePrincipal',
      'filePath',
    ]) {
      if (spec[provider] !== undefined) known = false;
    }
    map.set(key, {
      parameters: known ? parameters : undefined,
      podIdentity: isObj(spec.podIdentity)
        ? str(spec.podIdentity.provider)
        : undefined,
    });
  }
  return map;
}
