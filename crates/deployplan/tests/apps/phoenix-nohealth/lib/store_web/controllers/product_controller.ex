defmodule StoreWeb.ProductController do
  use StoreWeb, :controller

  def index(conn, _params), do: json(conn, %{data: []})

  def show(conn, %{"id" => id}), do: json(conn, %{data: %{id: id}})
end
