require "test_helper"
class PostTest < ActiveSupport::TestCase
  test "truth" do
    assert true
  end
end
