defmodule StoreWeb.ProductControllerTest do
  use ExUnit.Case, async: true
  import Plug.Test

  test "lists products" do
    conn = StoreWeb.Endpoint.call(conn(:get, "/api/products"), [])
    assert conn.status == 200
  end
end
