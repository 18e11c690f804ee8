import { getCatalogue } from '../api.ts';
import { InterviewRoomView } from '../interview/InterviewRoomView.tsx';
import { JoinPanel } from '../interview/JoinPanel.tsx';
import { getInterviewRoom } from '../interviewApi.ts';
import { StaffFrame } from '../staff/StaffFrame.tsx';
import { useStaffData } from '../staff/useStaffData.ts';

const loadRoom = (interviewId: string) => Promise.all([getInterviewRoom(interviewId), getCatalogue()]);

/** A live interview's room: join first, then watch and work with the candidate. */
export function InterviewRoomPage({ interviewId }: { interviewId: string }) {
  const { state, reload, refresh } = useStaffData(interviewId, loadRoom);
  return (
    <StaffFrame
      loaded={state}
      onRetry={reload}
      failedTitle="Could not open the interview"
      current="interviews"
    >
      {({ data: [room, catalogue] }) =>
        room.me.role === null ? (
          <JoinPanel room={room} onJoined={refresh} />
        ) : (
          <InterviewRoomView room={room} role={room.me.role} catalogue={catalogue} onRefresh={refresh} />
        )
      }
    </StaffFrame>
  );
}
