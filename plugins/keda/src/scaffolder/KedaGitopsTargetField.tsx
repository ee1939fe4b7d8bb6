import { useApi, type ApiHolder } from '@backstage/core-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  catalogApiRef,
  type CatalogApi,
} from '@backstage/plugin-catalog-react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  ANNOTATION_GITOPS_LAYOUT,
  ANNOTATION_GITOPS_PATH,
  ANNOTATION_GITOPS_REPO,
} from '@keda-portal/plugin-keda-common';
import FormControl from '@material-ui/core/FormControl';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useEffect } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { kedaApiRef, type GitopsChoice, type KedaApi } from '../api';
import { formValue, type FieldErrorCollector } from './validation';

/**
 * `ui:options` of the `KedaGitopsTarget` field.
 *
 * @public
 */
export type KedaGitopsTargetUiOptions = {
  /** Form field holding the component's entity ref; default `component`. */
  componentField?: string;
};

const LAYOUTS = [
  { value: 'plain', label: 'plain: manifests side by side in the folder' },
  {
    value: 'kustomize',
    label: 'kustomize: the folder has a kustomization.yaml',
  },
  { value: 'helm-values', label: 'helm-values: a keda block in values.yaml' },
];

/** True when the entity says itself where its manifests go. */
function hasTarget(entity: Entity | undefined) {
  const a = entity?.metadata.annotations ?? {};
  return Boolean(
    a[ANNOTATION_GITOPS_REPO] && a[ANNOTATION_GITOPS_PATH] !== undefined,
  );
}

async function componentOf(
  catalogApi: CatalogApi,
  formData: unknown,
  options: KedaGitopsTargetUiOptions | undefined,
) {
  const ref = formValue(formData, options?.componentField ?? 'component');
  if (typeof ref !== 'string' || !ref) return undefined;
  return (await catalogApi.getEntityByRef(ref)) ?? undefined;
}

/** The folder the platform's default names, or `apps/<name>`. */
function defaultFolder(pattern: string | undefined, name: string) {
  return pattern ? pattern.replace('{name}', name) : `apps/${name}`;
}

async function repositoriesOf(kedaApi: KedaApi) {
  return (
    (await kedaApi.getGitopsRepositories?.()) ?? {
      repositories: [],
      defaults: {},
    }
  );
}

/** Native `<option>`s of a select. */
function optionElements(items: { value: string; label: string }[]) {
  return items.map(o => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  ));
}

type Props = FieldExtensionComponentProps<
  GitopsChoice,
  KedaGitopsTargetUiOptions
>;

/**
 * The component chosen in the form, the repositories the backend knows,
 * and whether a target must be chosen; fills in the platform's defaults
 * once, and clears the value of a component that has annotations.
 */
function useGitopsTarget(props: Props) {
  const { formData, onChange, uiSchema } = props;
  const options = uiSchema?.['ui:options'];
  const catalogApi = useApi(catalogApiRef);
  const kedaApi = useApi(kedaApiRef);
  const form = (props.formContext as { formData?: unknown })?.formData;
  const ref = formValue(form, options?.componentField ?? 'component');
  const entity = useAsync(
    () => componentOf(catalogApi, form, options),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ref, catalogApi],
  );
  const known = useAsync(() => repositoriesOf(kedaApi), [kedaApi]);
  const needed = entity.value !== undefined && !hasTarget(entity.value);
  const name = entity.value?.metadata.name ?? '';

  useEffect(() => {
    if (entity.loading || known.loading) return;
    if (!needed) {
      if (formData !== undefined) onChange(undefined);
      return;
    }
    if (formData?.repo || formData?.path) return;
    const d = known.value?.defaults ?? {};
    onChange({
      repo: d.repo ?? known.value?.repositories[0]?.url,
      path: defaultFolder(d.path, name),
      layout: d.layout ?? 'plain',
    });
  }, [entity.loading, known.loading, needed, name]); // eslint-disable-line react-hooks/exhaustive-deps

  return { ref, entity, needed, name, repos: known.value?.repositories ?? [] };
}

/** Repository, folder and layout for a component without annotations. */
function GitopsTargetForm(
  props: Props & { name: string; repos: { url: string }[] },
) {
  const { formData, onChange, rawErrors, name, repos } = props;
  const value = formData ?? {};
  const errors = rawErrors ?? [];
  const set = (patch: GitopsChoice) => onChange({ ...value, ...patch });
  // What the three inputs share.
  const input = (part: string, label: string) =>
    ({
      id: `${props.idSchema?.$id ?? 'gitops'}-${part}`,
      fullWidth: true,
      variant: 'outlined',
      label,
    } as const);
  return (
    <FormControl component="fieldset" fullWidth margin="normal">
      <FormLabel component="legend">
        {props.schema?.title ?? 'Where the manifests go'}
      </FormLabel>
      <Alert severity="info" style={{ margin: '8px 0' }}>
        {name} has no keda-portal.io/gitops-* annotations yet. Choose where its
        KEDA manifests go. The pull request also adds the annotations to its
        catalog-info.yaml when that file is in the same repository, and
        otherwise says which to add.
      </Alert>
      <Grid container spacing={2}>
        <Grid item xs={12}>
          <TextField
            {...input('repo', 'GitOps repository')}
            select
            required
            value={value.repo ?? ''}
            error={errors.some(e => e.startsWith('GitOps repository'))}
            helperText={
              repos.length
                ? 'One of the repositories the platform team configured (keda.gitops.repositories).'
                : 'The backend knows no GitOps repository: ask the platform team to list one under keda.gitops.repositories.'
            }
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
            onChange={e => set({ repo: e.target.value || undefined })}
          >
            <option value="">Choose a repository</option>
            {optionElements(repos.map(r => ({ value: r.url, label: r.url })))}
          </TextField>
        </Grid>
        <Grid item xs={12} sm={7}>
          <TextField
            {...input('path', 'GitOps folder')}
            required
            value={value.path ?? ''}
            error={errors.some(e => e.startsWith('GitOps folder'))}
            helperText={`Folder of ${name}'s manifests in the repository, e.g. apps/${name}.`}
            onChange={e => set({ path: e.target.value })}
          />
        </Grid>
        <Grid item xs={12} sm={5}>
          <TextField
            {...input('layout', 'Layout')}
            select
            value={value.layout ?? 'plain'}
            helperText="How the folder is organised."
            SelectProps={{ native: true }}
            onChange={e => set({ layout: e.target.value })}
          >
            {optionElements(LAYOUTS)}
          </TextField>
        </Grid>
      </Grid>
    </FormControl>
  );
}

/**
 * The `KedaGitopsTarget` scaffolder field: for a component without
 * `keda-portal.io/gitops-*` annotations, where its KEDA manifests go (a
 * repository the backend knows, a folder, a layout); the pull request adds
 * the annotations. For a component with them it only says where the change
 * goes, and holds no value.
 *
 * @public
 */
export function KedaGitopsTargetField(
  props: FieldExtensionComponentProps<GitopsChoice, KedaGitopsTargetUiOptions>,
): JSX.Element | null {
  const { ref, entity, needed, name, repos } = useGitopsTarget(props);
  if (!ref || entity.loading || !entity.value) return null;
  const a = entity.value.metadata.annotations ?? {};
  if (!needed) {
    return (
      <Typography variant="body2" color="textSecondary" paragraph>
        The pull request goes to {a[ANNOTATION_GITOPS_REPO]}, folder{' '}
        {a[ANNOTATION_GITOPS_PATH] || '(root)'} (
        {a[ANNOTATION_GITOPS_LAYOUT] ?? 'plain'} layout), as {name}'s
        keda-portal.io/gitops-* annotations say.
      </Typography>
    );
  }
  return <GitopsTargetForm {...props} name={name} repos={repos} />;
}

/**
 * Validation of the `KedaGitopsTarget` field: a component without GitOps
 * annotations needs a repository and a folder inside it.
 *
 * @public
 */
export async function kedaGitopsTargetValidation(
  value: unknown,
  validation: FieldErrorCollector,
  context?: {
    formData?: unknown;
    apiHolder?: ApiHolder;
    uiSchema?: { 'ui:options'?: KedaGitopsTargetUiOptions };
  },
): Promise<void> {
  const catalogApi = context?.apiHolder?.get(catalogApiRef);
  if (!catalogApi) return;
  const entity = await componentOf(
    catalogApi,
    context?.formData,
    context?.uiSchema?.['ui:options'],
  );
  if (!entity || hasTarget(entity)) return;
  const choice = (value ?? {}) as GitopsChoice;
  for (const problem of gitopsChoiceProblems(choice, entity.metadata.name)) {
    validation.addError(problem);
  }
}

/** What is wrong with a GitOps choice, one message per field. */
export function gitopsChoiceProblems(
  choice: GitopsChoice,
  name: string,
): string[] {
  const problems: string[] = [];
  if (!choice.repo) {
    problems.push(
      `GitOps repository: none chosen, and ${name} has no ${ANNOTATION_GITOPS_REPO} annotation. Choose the repository that holds its manifests.`,
    );
  }
  const path = (choice.path ?? '').trim();
  if (!path) {
    problems.push(
      `GitOps folder: empty. Enter the folder of ${name}'s manifests, e.g. apps/${name}.`,
    );
  } else if (
    path.startsWith('/') ||
    path.includes('\\') ||
    path.split('/').some(s => s === '..')
  ) {
    problems.push(
      `GitOps folder: '${path}' is not a folder inside the repository. Write a relative path without '..', e.g. apps/${name}.`,
    );
  }
  return problems;
}
