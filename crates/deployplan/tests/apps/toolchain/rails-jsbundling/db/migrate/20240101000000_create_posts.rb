class CreatePosts < ActiveRecord::Migration[7.1]; end
