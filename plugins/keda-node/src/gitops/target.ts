/**
 * Where an entity's KEDA manifests go: its annotations first, then the
 * defaults of `keda.gitops`. Remotes are only ever those the platform team
 * configured (an integration host or a `keda.gitops.repositories` entry), so
 * a catalog annotation cannot make the backend push anywhere else.
 */
import type { Config } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import {
  GITOPS_ANNOTATIONS,
  GITOPS_LAYOUTS,
} from '@keda-portal/plugin-keda-common';
import { ChangeTarget, GitopsLayout, GitProviderKind } from './types';

const LAYOUTS: readonly GitopsLayout[] = GITOPS_LAYOUTS;

/**
 * One repository known to the platform team.
 *
 * @public
 */
export interface ConfiguredRepository {
  /** URL as the annotations write it. */
  url: string;
  provider: GitProviderKind;
  /** Remote git pushes to, when not `url` (plain Git only; e.g. a local demo repository). */
  remote?: string;
  baseBranch?: string;
}

/**
 * `keda.gitops` config, read once.
 *
 * @public
 */
export interface GitopsSettings {
  repo?: string;
  path?: string;
  layout?: GitopsLayout;
  baseBranch?: string;
  environment: string;
  argoCdPaths: string[];
  labels: string[];
  repositories: ConfiguredRepository[];
}

/**
 * Reads `keda.gitops`; a wrong value names the key.
 *
 * @public
 */
export function readGitopsSettings(config: Config): GitopsSettings {
  const c = config.getOptionalConfig('keda.gitops');
  const layout = c?.getOptionalString('layout');
  if (layout !== undefined && !LAYOUTS.includes(layout as GitopsLayout)) {
    throw new Error(
      `keda.gitops.layout must be one of ${LAYOUTS.join(
        ', ',
      )}, got '${layout}'`,
    );
  }
  const repositories = (c?.getOptionalConfigArray('repositories') ?? []).map(
    (r, i) => {
      const provider = r.getOptionalString('provider') ?? 'git';
      // Other kinds come from modules (kedaGitProvidersExtensionPoint); the
      // engine names a kind no module added when the repository is used.
      if (!/^[a-zA-Z][a-zA-Z0-9-]*$/.test(provider)) {
        throw new Error(
          `keda.gitops.repositories[${i}].provider must be github, gitlab, git or the kind of an added Git provider (letters, digits, '-'), got '${provider}'`,
        );
      }
      return {
        url: normaliseUrl(r.getString('url')),
        provider: provider as GitProviderKind,
        remote: r.getOptionalString('remote'),
        baseBranch: r.getOptionalString('baseBranch'),
      };
    },
  );
  return {
    repo: c?.getOptionalString('repo'),
    path: c?.getOptionalString('path'),
    layout: layout as GitopsLayout | undefined,
    baseBranch: c?.getOptionalString('baseBranch'),
    environment: c?.getOptionalString('environment') ?? 'default',
    argoCdPaths: (c?.getOptionalStringArray('argoCdPaths') ?? []).map(p =>
      checkFolder(p, 'keda.gitops.argoCdPaths'),
    ),
    labels: c?.getOptionalStringArray('labels') ?? ['keda-portal'],
    repositories,
  };
}

/**
 * Repository URLs compare without a trailing `.git` or slash.
 *
 * @public
 */
export function normaliseUrl(url: string): string {
  return url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

/** A repo-relative folder: no absolute paths, no `..`, no backslashes. */
function checkFolder(value: string, field: string): string {
  const folder = value
    .trim()
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '');
  if (
    folder.startsWith('/') ||
    folder.includes('\\') ||
    folder.includes('\0') ||
    folder.split('/').some(s => s === '..' || s === '.') ||
    [...folder].some(ch => ch.charCodeAt(0) < 0x20)
  ) {
    throw new InputError(
      `${field} '${value}' must be a folder inside the repository, such as apps/orders/overlays/production (no leading '/', no '..')`,
    );
  }
  return folder;
}

/**
 * The branch that carries an entity's proposal for one environment.
 *
 * @public
 */
export function proposalBranch(entity: Entity, environment: string): string {
  // Each part must be a valid ref component (git check-ref-format): no '..',
  // no leading or trailing '.', no '.lock' suffix, no characters git refuses.
  const part = (s: string) =>
    s
      .toLocaleLowerCase('en-US')
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/\.{2,}/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/\.lock$/, '-lock')
      .replace(/^[-.]+|[-.]+$/g, '');
  return [
    'keda',
    part(entity.metadata.namespace ?? 'default'),
    part(entity.kind),
    part(entity.metadata.name),
    part(environment) || 'default',
  ].join('/');
}

/**
 * Resolves where the entity's manifests go, or says which annotation to add.
 *
 * @public
 */
export function resolveTarget(
  entity: Entity,
  settings: GitopsSettings,
  integrations: ScmIntegrationRegistry,
  /** Integration types that name a provider: the hosted providers' kinds. */
  hostedKinds: string[] = ['github', 'gitlab'],
): ChangeTarget & { remote?: string } {
  const a = entity.metadata.annotations ?? {};
  const repo = a[GITOPS_ANNOTATIONS.repo] ?? settings.repo;
  if (!repo) {
    throw new InputError(
      `The entity has no GitOps repository: add the annotation ${GITOPS_ANNOTATIONS.repo} (and ${GITOPS_ANNOTATIONS.path}), or set keda.gitops.repo`,
    );
  }
  const folderValue =
    a[GITOPS_ANNOTATIONS.path] ??
    settings.path?.replace('{name}', entity.metadata.name);
  if (folderValue === undefined) {
    throw new InputError(
      `The entity has no GitOps folder: add the annotation ${GITOPS_ANNOTATIONS.path}, or set keda.gitops.path`,
    );
  }
  const layout = (a[GITOPS_ANNOTATIONS.layout] ??
    settings.layout ??
    'plain') as GitopsLayout | string;
  if (!LAYOUTS.includes(layout as GitopsLayout)) {
    throw new InputError(
      `Annotation ${GITOPS_ANNOTATIONS.layout} must be one of ${LAYOUTS.join(
        ', ',
      )}, got '${layout}'`,
    );
  }
  const valuesFile = a[GITOPS_ANNOTATIONS.valuesFile];
  const url = normaliseUrl(repo);
  const configured = settings.repositories.find(r => r.url === url);
  let provider: GitProviderKind;
  if (configured) {
    provider = configured.provider;
  } else {
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      throw new InputError(
        `Annotation ${GITOPS_ANNOTATIONS.repo} '${repo}' is not a URL: write the repository's https URL`,
      );
    }
    const integration = integrations.byHost(host);
    if (integration && hostedKinds.includes(integration.type)) {
      provider = integration.type;
    } else {
      throw new InputError(
        `The GitOps repository ${url} is not on a configured host: add its host to integrations.github or integrations.gitlab, or list it under keda.gitops.repositories`,
      );
    }
  }
  return {
    provider,
    repoUrl: url,
    path: checkFolder(folderValue, GITOPS_ANNOTATIONS.path),
    layout: layout as GitopsLayout,
    baseBranch:
      a[GITOPS_ANNOTATIONS.branch] ??
      configured?.baseBranch ??
      settings.baseBranch,
    valuesFile:
      valuesFile === undefined
        ? undefined
        : checkFolder(valuesFile, GITOPS_ANNOTATIONS.valuesFile),
    environment: checkEnvironment(
      a[GITOPS_ANNOTATIONS.environment] ?? settings.environment,
    ),
    argoCdPaths: settings.argoCdPaths,
    remote: configured?.remote,
  };
}

/**
 * The environment names the proposal branch and goes into the commit message
 * and the pull request's title: no control characters (git refuses a NUL in
 * a commit message), and short.
 */
function checkEnvironment(environment: string): string {
  const control = [...environment].some(c => c < ' ' || c === '\u007f');
  if (control || environment.length > 63) {
    throw new InputError(
      `environment ${JSON.stringify(environment.slice(0, 80))} (${
        GITOPS_ANNOTATIONS.environment
      }) must be at most 63 characters without control characters: use a name like production`,
    );
  }
  return environment;
}
