class ReceiptJob < ApplicationJob
  queue_as :default
end
