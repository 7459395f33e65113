// db/sqlite-statements.ts: a SQLite connection compiles a statement once and
// runs it again with new values; what adapter-better-sqlite3 and other callers
// read stays what better-sqlite3's own statements give.
import Database from 'better-sqlite3';
import { expect, it, vi } from 'vitest';
import { cacheSqliteStatements } from '../../src/db/sqlite-statements.ts';

function connection() {
  const client = new Database(':memory:');
  client.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t (name) VALUES ('a'), ('b'), ('c');");
  const compile = vi.spyOn(client, 'prepare');
  cacheSqliteStatements(client);
  return { client, compile };
}

it('compiles a text once and binds each call its own values, as the adapter uses it', () => {
  const { client, compile } = connection();
  const select = 'SELECT id, name FROM t WHERE id >= ? ORDER BY id';
  const read = (from: number) => {
    const statement = client.prepare(select).bind([from]);
    return { reader: statement.reader, columns: statement.columns().map((c) => c.name), rows: statement.raw().all() };
  };
  expect(read(2)).toEqual({
    reader: true,
    columns: ['id', 'name'],
    rows: [
      [2, 'b'],
      [3, 'c'],
    ],
  });
  expect(read(3).rows).toEqual([[3, 'c']]);
  expect(client.prepare('INSERT INTO t (name) VALUES (?)').bind(['d']).run().changes).toBe(1);
  expect(client.prepare('INSERT INTO t (name) VALUES (?)').bind(['e']).run().lastInsertRowid).toBe(5);
  expect(read(4).rows).toEqual([
    [4, 'd'],
    [5, 'e'],
  ]);
  expect(compile.mock.calls.map(([sql]) => sql)).toEqual([select, 'INSERT INTO t (name) VALUES (?)']);
});

it('answers unbound calls in object mode after a raw one, and errors as before', () => {
  const { client } = connection();
  const sql = 'SELECT name FROM t WHERE id = ?';
  expect(client.prepare(sql).bind([1]).raw().all()).toEqual([['a']]);
  expect(client.prepare(sql).get(2)).toEqual({ name: 'b' });
  expect(client.prepare(sql).all(3)).toEqual([{ name: 'c' }]);
  expect(() => client.prepare('INSERT INTO t (id, name) VALUES (?, ?)').bind([1, 'x']).run()).toThrow(/UNIQUE/);
  // The statement that failed runs again.
  expect(client.prepare('INSERT INTO t (id, name) VALUES (?, ?)').bind([9, 'x']).run().changes).toBe(1);
  expect(() => client.prepare('SELECT nope FROM t')).toThrow(/no such column/);
});

it('keeps the 200 most recently used statements', () => {
  const { client, compile } = connection();
  for (let i = 0; i < 201; i++) client.prepare(`SELECT ${i}`).get();
  client.prepare('SELECT 200').get();
  client.prepare('SELECT 1').get();
  expect(compile).toHaveBeenCalledTimes(201);
  client.prepare('SELECT 0').get();
  expect(compile).toHaveBeenCalledTimes(202);
});
