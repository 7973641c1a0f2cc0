namespace Candor.Engine; internal static class Placeholder { }
