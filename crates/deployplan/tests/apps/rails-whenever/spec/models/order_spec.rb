require "rails_helper"

RSpec.describe Order do
  it { expect(ENV["SPEC_ONLY"]).to be_nil }
end
