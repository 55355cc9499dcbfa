namespace Api.Tests;

public class UnitTest1
{
    [Xunit.Fact]
    public void Truth() { }
}
