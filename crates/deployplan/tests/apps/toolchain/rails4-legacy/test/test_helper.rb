ENV["RAILS_ENV"] ||= "test"
