// @ts-check

/**
 * Replica and trigger-value samples, taken from the watch stream.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('keda_samples', table => {
    table.comment('Replica and metric samples of KEDA-scaled workloads');
    table.bigIncrements('id').primary();
    table.string('cluster', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('kind', 32).notNullable().comment('ScaledObject or ScaledJob');
    table.string('name', 255).notNullable();
    table.timestamp('sampled_at', { useTz: true }).notNullable();
    table
      .integer('replicas')
      .nullable()
      .comment("the target's status.replicas");
    table.integer('desired').nullable().comment("the target's spec.replicas");
    table
      .text('metrics')
      .notNullable()
      .comment('JSON: metric name -> current value');
    // The change that caused the sample (cluster, object kind, namespace,
    // name, resourceVersion). Every backend replica sees the same changes;
    // this key makes the database keep one row per change.
    table.string('source_key', 700).notNullable().unique();
    table.index(
      ['cluster', 'namespace', 'kind', 'name', 'sampled_at'],
      'keda_samples_workload_idx',
    );
    table.index(['sampled_at'], 'keda_samples_sampled_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('keda_samples');
};
