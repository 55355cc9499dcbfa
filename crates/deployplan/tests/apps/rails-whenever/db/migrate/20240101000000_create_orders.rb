class CreateOrders < ActiveRecord::Migration[7.2]
  def change
    create_table :orders
  end
end
