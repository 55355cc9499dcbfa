require "test_helper"

class ProductTest < ActiveSupport::TestCase
  test "truth" do
    assert true
  end
end
