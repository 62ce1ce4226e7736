namespace Wren.Interop.Tests.Imaptest;

/// <summary>What an expected untagged line demands: <c>*</c>, <c>!</c> or <c>?</c> in a script.</summary>
public enum Existence
{
    /// <summary><c>*</c>: the reply must arrive before the command's tagged reply.</summary>
    MustExist,
    /// <summary><c>!</c>: a reply matching it fails the script.</summary>
    MustNotExist,
    /// <summary><c>?</c>: the reply may arrive or not.</summary>
    MayExist,
}
