export interface Config {
  keda?: {
    history?: {
      /**
       * How many days of replica and metric samples to keep (default 14).
       */
      retentionDays?: number;
    };
    changes?: {
      /**
       * Change requests (preview and create) one user may make per minute;
       * more get 429. Default 30.
       */
      rateLimitPerMinute?: number;
    };
  };
}
