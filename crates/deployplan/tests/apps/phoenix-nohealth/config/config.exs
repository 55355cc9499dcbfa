import Config

config :store,
  ecto_repos: [Store.Repo]

config :store, StoreWeb.Endpoint,
  url: [host: "localhost"],
  adapter: Bandit.PhoenixAdapter,
  render_errors: [formats: [json: StoreWeb.ErrorJSON], layout: false]

config :phoenix, :json_library, Jason

import_config "#{config_env()}.exs"
