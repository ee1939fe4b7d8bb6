/**
 * Types of the KEDA scaler catalog: which trigger types exist, which
 * parameters each one takes, and where a parameter's value may come from.
 */

/**
 * The shape of a parameter's value, used to pick a form control and to
 * validate input. Every trigger metadata value is a string in the manifest;
 * the kind says what that string must look like.
 *
 * - `string`: free text (names, queries, templates, paths).
 * - `integer` / `number`: a whole number / a number that may have a fraction.
 * - `quantity`: a Kubernetes quantity such as `500m` or `1Gi`.
 * - `boolean`: `true` or `false`.
 * - `enum`: one of `values`.
 * - `duration`: a time span (a Go duration like `30s`, or a count of seconds
 *   or minutes where the description says so).
 * - `url`: an address with a scheme, or a `host:port` endpoint.
 * - `cron`: a cron expression.
 * - `timezone`: an IANA time zone name.
 * - `list`: a separated list (comma unless the description says otherwise).
 * - `json`: a JSON document.
 * - `map`: key/value pairs in one string (e.g. `key1=value1,key2=value2`).
 *
 * @public
 */
export type ScalerParameterKind =
  | 'string'
  | 'integer'
  | 'number'
  | 'quantity'
  | 'boolean'
  | 'enum'
  | 'duration'
  | 'url'
  | 'cron'
  | 'timezone'
  | 'list'
  | 'json'
  | 'map';

/**
 * Where a parameter's value may come from.
 *
 * - `metadata`: written literally under `triggers[].metadata`.
 * - `env`: `<name>FromEnv` in the metadata names an environment variable of
 *   the scale target's container that holds the value.
 * - `authentication`: a TriggerAuthentication / ClusterTriggerAuthentication
 *   referenced by `authenticationRef` supplies the value.
 *
 * @public
 */
export type ScalerParameterSource = 'metadata' | 'env' | 'authentication';

/**
 * One parameter of a trigger type.
 *
 * @public
 */
export interface ScalerParameter {
  /** The key, as written in the metadata or the TriggerAuthentication. */
  name: string;
  /** A short description (ours, not KEDA's wording). */
  description: string;
  /**
   * True when the trigger cannot work without it. Parameters that are only
   * needed in some setups (e.g. when another option is chosen) are `false`
   * and say so in the description.
   */
  required: boolean;
  /**
   * With `required`: KEDA requires it only when the ScaledObject has no
   * `advanced.scalingModifiers` (the trigger then only feeds the formula).
   */
  optionalWithScalingModifiers?: boolean;
  /**
   * Parameters that are alternatives to each other share a group name; at
   * least one member (or one set of members) of the group must be given.
   */
  oneOfGroup?: string;
  /** The default KEDA uses when the parameter is left out. */
  default?: string;
  kind: ScalerParameterKind;
  /**
   * The allowed values: for `enum` the one value to pick, for `list` the
   * items the list may hold.
   */
  values?: string[];
  /** Where the value may come from, most usual first. */
  sources: ScalerParameterSource[];
  /**
   * Passwords, tokens, keys, connection strings and other credentials.
   * A secret never has `metadata` among its sources: the portal never writes
   * one literally into a manifest that ends up in Git.
   */
  secret: boolean;
  /** Still accepted, but slated for removal. */
  deprecated?: boolean;
  /**
   * KEDA still knows the name but refuses the trigger when it is given; says
   * what to use instead.
   */
  removed?: string;
  /** Other names KEDA accepts for the same parameter. */
  aliases?: string[];
}

/**
 * The categories of the KEDA scaler pages.
 *
 * @public
 */
export type ScalerCategory =
  | 'Apps'
  | 'CI/CD'
  | 'Data & Storage'
  | 'Extensibility'
  | 'Kubernetes'
  | 'Messaging'
  | 'Metrics'
  | 'Monitoring & Analytics'
  | 'Scheduling'
  | 'Testing';

/**
 * The pod identity providers a TriggerAuthentication can name in
 * `spec.podIdentity.provider`.
 *
 * @public
 */
export type PodIdentityProvider = 'azure-workload' | 'aws' | 'aws-eks' | 'gcp';

/**
 * One trigger type.
 *
 * @public
 */
export interface ScalerDefinition {
  /** The value of `triggers[].type`. */
  type: string;
  /** Human-readable name. */
  title: string;
  category: ScalerCategory;
  /** One line (ours). */
  description: string;
  /** `https://keda.sh/docs/2.21/scalers/<page>/` */
  docsUrl: string;
  /** The KEDA version that introduced it, e.g. `v2.6+`. */
  availability?: string;
  /** Who maintains it upstream, e.g. `Community` or `Microsoft`. */
  maintainer?: string;
  /** Documented, but no longer part of KEDA. */
  removed?: boolean;
  /** Still available, but deprecated upstream. */
  deprecated?: boolean;
  /** Marked experimental upstream. */
  experimental?: boolean;
  parameters: ScalerParameter[];
  /**
   * The trigger accepts metadata keys beyond the listed parameters (the
   * external scalers pass the whole metadata on to the scaler service).
   */
  additionalMetadata?: boolean;
  /** Pod identity providers the trigger supports (empty when none). */
  podIdentityProviders: PodIdentityProvider[];
  /** Other `type` values that select the same scaler. */
  aliases?: string[];
  /**
   * The KEDA source file of the scaler, e.g. `pkg/scalers/prometheus_scaler.go`
   * (of the KEDA version the catalog follows; none for removed types).
   */
  kedaSource?: string;
}
