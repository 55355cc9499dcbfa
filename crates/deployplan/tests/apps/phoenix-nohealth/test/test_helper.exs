ExUnit.start()
Ecto.Adapters.SQL.Sandbox.mode(Store.Repo, :manual)
