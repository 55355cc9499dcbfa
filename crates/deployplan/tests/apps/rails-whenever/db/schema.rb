ActiveRecord::Schema[7.2].define(version: 2024_01_01_000000) do
end
