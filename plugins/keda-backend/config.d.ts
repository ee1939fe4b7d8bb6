export interface Config {
  keda?: {
    history?: {
      /**
       * How many days of replica and metric samples to keep (default 14).
       */
      retentionDays?: number;
    };
  };
}
