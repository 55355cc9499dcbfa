defmodule Store.Application do
  @moduledoc false
  use Application

  @impl true
  def start(_type, _args) do
    children = [Store.Repo, StoreWeb.Endpoint]
    Supervisor.start_link(children, strategy: :one_for_one, name: Store.Supervisor)
  end
end
