import type { Pool } from 'pg';
import { MIGRATIONS } from './migrations.js';

/**
 * Brings the database's schema up to date: creates `tikrx_migrations` and applies the steps
 * it does not list, each in its own transaction. Any number of workers may call it at once:
 * an advisory lock makes them take turns, and each finds the others' steps applied.
 * Resolves to the ids applied by this call.
 */
export async function migrate(pool: Pool): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    for (const step of MIGRATIONS) {
      await client.query('BEGIN');
      try {
        await client.query("SELECT pg_advisory_xact_lock(hashtext('tikrx_migrations'))");
        await client.query(
          `CREATE TABLE IF NOT EXISTS tikrx_migrations (
             id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
        );
        const done = await client.query('SELECT 1 FROM tikrx_migrations WHERE id = $1', [step.id]);
        if (done.rowCount === 0) {
          await client.query(step.sql);
          await client.query('INSERT INTO tikrx_migrations (id, name) VALUES ($1, $2)', [
            step.id,
            step.name,
          ]);
          applied.push(step.id);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    client.release();
  }
  return applied;
}
