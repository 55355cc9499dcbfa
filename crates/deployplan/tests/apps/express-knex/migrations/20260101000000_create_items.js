exports.up = (knex) =>
  knex.schema.createTable('items', (t) => {
    t.increments('id');
    t.string('name').notNullable();
    t.timestamps(true, true);
  });

exports.down = (knex) => knex.schema.dropTable('items');
