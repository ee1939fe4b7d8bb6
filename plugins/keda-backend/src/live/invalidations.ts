import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';

/** The signals channel that carries one entity's invalidations. */
export function scalingChannel(entityRef: string): string {
  return `keda:scaling:${entityRef}`;
}

/**
 * Publishes "this entity's scaling data changed" (no data: the frontend
 * refetches through the permission-checked endpoint). Bursts of changes for
 * one entity within `coalesceMs` become one signal.
 */
export class InvalidationPublisher {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly signals: SignalsService,
    private readonly logger: LoggerService,
    private readonly coalesceMs = 250,
  ) {}

  invalidate(entityRefs: string[]) {
    for (const ref of entityRefs) {
      if (this.pending.has(ref)) continue;
      this.pending.set(
        ref,
        setTimeout(() => {
          this.pending.delete(ref);
          this.signals
            .publish({
              recipients: { type: 'broadcast' },
              channel: scalingChannel(ref),
              message: { type: 'scaling-changed', entityRef: ref },
            })
            .catch(e =>
              this.logger.warn(`Could not publish a signal for ${ref}: ${e}`),
            );
        }, this.coalesceMs),
      );
    }
  }

  stop() {
    this.pending.forEach(t => clearTimeout(t));
    this.pending.clear();
  }
}
