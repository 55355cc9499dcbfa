# whenever: the jobs of this app (https://github.com/javan/whenever).
every 1.hour do
  rake "reports:hourly"
end

every '*/15 * * * *' do
  runner "Feed.refresh"
end

# An `at:` time is not an interval deployplan schedules by itself.
every 1.day, at: '4:30 am' do
  rake "cleanup:old"
end
