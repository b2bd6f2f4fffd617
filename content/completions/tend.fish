# Fish completion for tend(1).
#
# make install puts it in $(DATADIR)/fish/vendor_completions.d/tend.fish;
# or copy it to ~/.config/fish/completions/.
# It knows nothing itself: the candidates come from tend, which is asked with
# 'tend help --complete -- WORD...' and prints them one a line.  Fish adds no
# space after one that ends in '=', such as "vulnerability=".
#
# The commands, for reference; tend itself gives the live list:
# agree checkin clone config doctor edit encrypt export filter help import init key log reflect remind resent rm search show status sync undo

function __tend_complete
    # The words after "tend" before the cursor's, and the cursor's own.
    set -l words (commandline -opc)[2..-1]
    # "-C ~/journal" means the journal in the home folder.
    if set -q words[1]
        set words (string replace -r -- '^~(?=/|$)' $HOME $words)
    end
    tend help --complete -- $words (commandline -ct) 2>/dev/null
end

complete -c tend -f -a '(__tend_complete)'
