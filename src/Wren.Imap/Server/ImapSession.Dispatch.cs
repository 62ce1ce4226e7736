using Wren.Imap.Protocol;

namespace Wren.Imap.Server;

// Routing: every command is checked against the session's state here, once, then handed to its handler.
// A new command needs a scope below (if not Authenticated) and a case in the switch.
public sealed partial class ImapSession
{
    /// <summary>RFC 9051 §6: which state a command needs.</summary>
    private static ImapCommandScope ScopeOf(ImapCommand command) => command switch
    {
        CapabilityCommand or NoopCommand or LogoutCommand or IdCommand => ImapCommandScope.AnyState,
        StartTlsCommand or AuthenticateCommand or LoginCommand => ImapCommandScope.NotAuthenticated,
        FetchCommand or StoreCommand or CopyCommand or MoveCommand or SearchCommand or SortCommand or ThreadCommand
            or ExpungeCommand or UidExpungeCommand or CloseCommand or UnselectCommand or CheckCommand => ImapCommandScope.Selected,
        _ => ImapCommandScope.Authenticated,
    };

    private async Task DispatchAsync(ImapCommand command)
    {
        if (command is UnknownCommand)
        {
            // RFC 9051 §7.1.3: a command the server does not know is a protocol error.
            _out.Tagged(command.Tag, ImapCondition.Bad, null, $"Unknown command {command.Name}");
            return;
        }
        if (StateRefusal(command) is { } refusal)
        {
            if (command is AppendCommand)
                await RejectAppendMessageAsync();
            _out.Tagged(command.Tag, ImapCondition.Bad, null, refusal);
            return;
        }
        if (ScopeOf(command) == ImapCommandScope.Selected && _selected!.IsGone && command is not (CloseCommand or UnselectCommand))
        {
            // Another session deleted the selected mailbox; NOOP tells the client its messages are gone.
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.NonExistent, "The selected mailbox was deleted");
            return;
        }
        switch (command)
        {
            case CapabilityCommand:
                Capability(command);
                break;
            case NoopCommand:
                Noop(command);
                break;
            case LogoutCommand:
                Logout(command);
                break;
            case IdCommand id:
                Id(id);
                break;
            case StartTlsCommand:
                await StartTlsCommandAsync(command);
                break;
            case AuthenticateCommand authenticate:
                await AuthenticateAsync(authenticate);
                break;
            case LoginCommand login:
                await LoginAsync(login);
                break;
            case EnableCommand enable:
                Enable(enable);
                break;
            case NamespaceCommand:
                Namespace(command);
                break;
            // Mailboxes (ImapSession.Mailboxes.cs, ImapSession.Append.cs, ImapSession.Quota.cs).
            case CreateCommand create:
                await CreateAsync(create);
                break;
            case DeleteCommand delete:
                await DeleteAsync(delete);
                break;
            case RenameCommand rename:
                await RenameAsync(rename);
                break;
            case SubscribeCommand subscribe:
                await SubscribeAsync(subscribe);
                break;
            case UnsubscribeCommand unsubscribe:
                await UnsubscribeAsync(unsubscribe);
                break;
            case ListCommand list:
                await ListAsync(list);
                break;
            case LsubCommand lsub:
                await LsubAsync(lsub);
                break;
            case StatusCommand status:
                await StatusAsync(status);
                break;
            case AppendCommand append:
                await AppendAsync(append);
                break;
            case GetQuotaCommand getQuota:
                await GetQuotaAsync(getQuota);
                break;
            case GetQuotaRootCommand getQuotaRoot:
                await GetQuotaRootAsync(getQuotaRoot);
                break;
            case SetQuotaCommand setQuota:
                await SetQuotaAsync(setQuota);
                break;
            // The selected state (ImapSession.Selected.cs).
            case SelectCommand select:
                await SelectAsync(select);
                break;
            case CloseCommand:
                await CloseAsync(command);
                break;
            case UnselectCommand:
                Unselect(command);
                break;
            case CheckCommand:
                CompleteOk(command, null, "CHECK completed");
                break;
            case ExpungeCommand:
                await ExpungeAsync(command, null);
                break;
            case UidExpungeCommand uidExpunge:
                await ExpungeAsync(command, uidExpunge.Uids);
                break;
            // Messages (ImapSession.Fetch.cs, ImapSession.Store.cs, ImapSession.CopyMove.cs, ImapSession.Search.cs).
            case FetchCommand fetch:
                await FetchAsync(fetch);
                break;
            case StoreCommand store:
                await StoreAsync(store);
                break;
            case CopyCommand copy:
                await CopyAsync(copy);
                break;
            case MoveCommand move:
                await MoveAsync(move);
                break;
            case SearchCommand search:
                await SearchAsync(search);
                break;
            case SortCommand sort:
                await SortAsync(sort);
                break;
            case ThreadCommand thread:
                await ThreadAsync(thread);
                break;
            // The connection (ImapSession.Idle.cs, ImapSession.Compress.cs).
            case IdleCommand idle:
                await IdleAsync(idle);
                break;
            case CompressCommand compress:
                await CompressAsync(compress);
                break;
            default:
                // Every command the parser produces has a case above; reaching this is a bug (NO [SERVERBUG]).
                throw new InvalidOperationException($"No handler for {command.Name}");
        }
    }

    /// <summary>
    /// RFC 9051 §6: a command valid in the protocol but not in this state is BAD. Null when the command may run.
    /// </summary>
    private string? StateRefusal(ImapCommand command) => (ScopeOf(command), State) switch
    {
        (ImapCommandScope.AnyState, _) => null,
        (ImapCommandScope.NotAuthenticated, ImapSessionState.NotAuthenticated) => null,
        (ImapCommandScope.NotAuthenticated, _) => $"{command.Name} is not allowed after authentication",
        (_, ImapSessionState.NotAuthenticated) => $"{command.Name} needs authentication first: use LOGIN or AUTHENTICATE",
        (ImapCommandScope.Authenticated, _) => null,
        (ImapCommandScope.Selected, ImapSessionState.Selected) => null,
        _ => $"{command.Name} needs a selected mailbox: use SELECT or EXAMINE first",
    };

    /// <summary>
    /// Refuses the message of an APPEND that will not run: a synchronizing literal is never sent (no
    /// continuation was given); a non-synchronizing one is read and dropped (RFC 7888 §4).
    /// </summary>
    private async Task RejectAppendMessageAsync()
    {
        try
        {
            await _reader.RejectAppendMessageAsync(Token);
        }
        finally
        {
            StopAutologoutTimer();
        }
    }
}
