class HardJob; include Sidekiq::Job; def perform; end; end
