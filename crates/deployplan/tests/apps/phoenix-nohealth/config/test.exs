import Config

config :store, Store.Repo,
  username: "postgres",
  password: "postgres",
  hostname: "localhost",
  database: "store_test",
  pool: Ecto.Adapters.SQL.Sandbox

config :store, StoreWeb.Endpoint, server: false
