module.exports = { greet: () => 'hi' };
