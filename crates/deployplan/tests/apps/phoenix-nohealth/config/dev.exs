import Config

config :store, Store.Repo,
  username: "postgres",
  password: "postgres",
  hostname: "localhost",
  database: "store_dev"
