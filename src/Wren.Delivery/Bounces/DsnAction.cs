namespace Wren.Delivery.Bounces;

/// <summary>RFC 3464 §2.3.3: what the reporting MTA did with the message for one recipient.</summary>
public enum DsnAction
{
    /// <summary>Delivery failed for good; Wren will not try again.</summary>
    Failed,
    /// <summary>Delivery has not succeeded yet; Wren keeps trying.</summary>
    Delayed,
    /// <summary>The message was delivered to the recipient's mailbox.</summary>
    Delivered,
    /// <summary>The message was handed to a server that will not send DSNs for it (RFC 3461 §6.2.2).</summary>
    Relayed,
    /// <summary>The recipient was an alias or list, and the message went on to several addresses.</summary>
    Expanded,
}

/// <summary>How each action is written in the report, and the status class it must carry.</summary>
internal static class DsnActions
{
    /// <summary>RFC 3464 §2.3.3: the action-value keywords.</summary>
    public static string FieldValue(this DsnAction action) => action switch
    {
        DsnAction.Failed => "failed",
        DsnAction.Delayed => "delayed",
        DsnAction.Delivered => "delivered",
        DsnAction.Relayed => "relayed",
        DsnAction.Expanded => "expanded",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>
    /// RFC 3464 §2.3.4 and RFC 3463 §3.1: a failure carries a 5.x.x status, a delay a 4.x.x one, and the
    /// three kinds of success a 2.x.x one.
    /// </summary>
    public static char StatusClass(this DsnAction action) => action switch
    {
        DsnAction.Failed => '5',
        DsnAction.Delayed => '4',
        _ => '2',
    };

    /// <summary>True for the actions that report a success (delivered, relayed, expanded).</summary>
    public static bool IsSuccess(this DsnAction action) => action is DsnAction.Delivered or DsnAction.Relayed or DsnAction.Expanded;
}
